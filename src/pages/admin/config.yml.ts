// /admin/config.yml, generated from the content schema (src/cms/config.ts). The repository and the OAuth helper
// come from the build environment: CMS_GITHUB_REPO (owner/name) and CMS_GITHUB_BRANCH; the login runs on this
// site's own origin (functions/cms-auth/).
import type { APIRoute } from 'astro';
import { stringify } from 'yaml';
import { cmsConfig } from '../../cms/config.ts';

export const GET: APIRoute = ({ site }) => {
  const config = cmsConfig({
    repo: process.env.CMS_GITHUB_REPO || 'OWNER/REPO',
    branch: process.env.CMS_GITHUB_BRANCH || 'main',
    authBaseUrl: site!.origin,
    siteUrl: site!.href,
  });
  const header = '# Generated at build from src/content.config.ts by src/cms/config.ts: edit those, not this.\n';
  return new Response(header + stringify(config, { lineWidth: 0 }), {
    headers: { 'Content-Type': 'text/yaml; charset=utf-8' },
  });
};
