// Gathers a language's text for the printed materials and share cards from content/ (UI strings, the tip form's
// sign labels) and content/settings.json (numbers, names, sources), so the designs stay free of Astro.
import type { Locale } from '../i18n/locales.ts';
import { useTranslations } from '../i18n/translate.ts';
import { absoluteUrl, getSettings } from '../lib/site-data.ts';
import { campaignName } from '../shared/site.ts';
import type { PrintText } from './designs.ts';

/** The tip form's labels for the signs (UNODC and ILO indicators), in the order the materials list them. */
const printedSigns = [
  'documents-taken',
  'cannot-leave',
  'not-paid',
  'excessive-hours',
  'debt',
  'threats',
  'controlled-speech',
  'lives-at-work',
] as const;

export async function printText(locale: Locale): Promise<PrintText> {
  const t = await useTranslations(locale);
  const settings = await getSettings();
  const number = (id: string) => {
    const found = settings.numbers.find((n) => n.id === id);
    if (!found) throw new Error(`content/settings.json: the "${id}" number is missing; the printed materials need it`);
    return found;
  };
  const emergency = number('emergency');
  return {
    campaignName: campaignName(settings, locale),
    place: t('site.place'),
    headline: t('print.headline'),
    danger: t('print.danger'),
    call: t('print.call'),
    emergency: emergency.number,
    hotline: { number: number('crime-hotline').number, label: t('print.hotline') },
    police: { number: number('police').number, label: t('numbers.police') },
    signsTitle: t('print.signsTitle'),
    signs: printedSigns.map((key) => t(`tip.field.indicators.option.${key}`)),
    scan: t('print.scan'),
    report: t('print.report'),
    help: t('print.notYourFault'),
    keep: t('print.keep'),
    reportUrl: absoluteUrl(`/${locale}/report/`),
    runBy: t('site.runBy', { taskForce: settings.site.taskForceName, ministry: settings.site.ministry }),
    sources: t('print.sources', { source: emergency.source }),
  };
}
