// The campaign's colours, drawn from the flag of St. Kitts and Nevis. The flag's own values are used for large
// shapes (the mark, bands); text and buttons use the darker or lighter variants, chosen for WCAG AA contrast
// (public/site.css carries the same values as custom properties; a unit test keeps the two in step).
export const flag = {
  green: '#009E49',
  red: '#CE1126',
  black: '#000000',
  gold: '#FCD116',
  white: '#FFFFFF',
} as const;

export const palette = {
  ...flag,
  /** Text, links and buttons on white: 6.7:1. */
  greenDark: '#006B35',
  /** Panels that carry white text: 7.6:1. */
  greenDeep: '#00613A',
  /** The page's ink: 19.6:1 on white. */
  ink: '#0B0C0C',
  /** A pale green wash behind the home page's opening: red (5.1:1) and green (6.0:1) stay readable on it. */
  greenWash: '#EAF6EF',
} as const;
