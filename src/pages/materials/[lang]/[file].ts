// The campaign materials as files: /materials/<lang>/<id>.pdf (print), .png (picture), .preview.webp and .thumb.webp
// (pictures of it for the pages).
import type { APIRoute, GetStaticPaths } from 'astro';
import { localeCodes, type Locale } from '../../../i18n/locales.ts';
import { materials, type Material } from '../../../materials/catalog.ts';
import { materialFiles, materialNames } from '../../../materials/files.ts';
import { buildMaterial } from '../../../materials/catalog.ts';

export const getStaticPaths: GetStaticPaths = () =>
  localeCodes.flatMap((lang) =>
    materials.flatMap((m) =>
      materialFiles(m).map(({ file, kind }) => ({ params: { lang, file }, props: { id: m.id, kind } })),
    ),
  );

const types = { pdf: 'application/pdf', png: 'image/png', preview: 'image/webp', thumb: 'image/webp' } as const;

export const GET: APIRoute = async ({ params, props }) => {
  const locale = params.lang as Locale;
  const { id, kind } = props as { id: Material['id']; kind: keyof typeof types };
  const built = await buildMaterial(locale, id, await materialNames(locale, id));
  const body = kind === 'pdf' ? built.pdf! : built[kind];
  return new Response(new Uint8Array(body), { headers: { 'Content-Type': types[kind] } });
};
