// File names and document names of the campaign materials, shared by the file endpoint and the materials page.
import type { Locale } from '../i18n/locales.ts';
import { useTranslations } from '../i18n/translate.ts';
import { getSettings } from '../lib/site-data.ts';
import { campaignName } from '../shared/site.ts';
import type { Material } from './catalog.ts';

export function materialFiles(
  m: Pick<Material, 'id' | 'print'>,
): { file: string; kind: 'pdf' | 'png' | 'preview' | 'thumb' }[] {
  return [
    ...(m.print ? [{ file: `${m.id}.pdf`, kind: 'pdf' as const }] : []),
    { file: `${m.id}.png`, kind: 'png' as const },
    { file: `${m.id}.preview.webp`, kind: 'preview' as const },
    { file: `${m.id}.thumb.webp`, kind: 'thumb' as const },
  ];
}

export async function materialNames(locale: Locale, id: Material['id']) {
  const t = await useTranslations(locale);
  const settings = await getSettings();
  return {
    title: `${t(`materials.${id}`)}: ${campaignName(settings, locale)}`,
    author: settings.site.taskForceName,
    subject: t('materials.description'),
  };
}
