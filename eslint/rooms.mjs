// The rooms of docs/architecture.md and which may import which, as an ESLint rule (`rooms/imports`), so an import
// that breaks the layers fails `npm run lint`. A file's room is the first whose path prefix it starts with; a room
// may import itself and the rooms its row lists; `exceptions` names the single files one room may reach beyond
// that, each for a reason given in docs/architecture.md. Files in no room (configuration files) are not checked.
import { dirname, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Top to bottom, as docs/architecture.md draws them. */
export const rooms = {
  entries: ['functions/node/', 'functions/netlify/', 'functions/cli/', 'api/'],
  runtime: ['functions/runtime/'],
  app: ['functions/app.ts', 'functions/tips/', 'functions/cms-auth/', 'functions/desk/', 'functions/thread/'],
  delivery: ['functions/forwarder/', 'functions/mail/'],
  adapters: [
    'functions/queue/',
    'functions/staging/',
    'functions/limiter/',
    'functions/replay/',
    'functions/desk-store/',
  ],
  base: [
    'functions/config.ts',
    'functions/desk-ports.ts',
    'functions/keys.ts',
    'functions/ports.ts',
    'functions/http/',
    'functions/pgp/',
    'functions/pow/',
    'functions/redis/',
    'functions/sqlite/',
  ],
  site: [
    'src/pages/',
    'src/layouts/',
    'src/components/',
    'src/lib/',
    'src/identity/',
    'src/materials/',
    'src/integrations/',
    'src/content-check/',
    'src/schema/',
    'src/cms/',
    'src/content.config.ts',
  ],
  browser: ['src/tipline/', 'src/desk/'],
  shared: ['src/shared/', 'src/i18n/'],
  content: ['content/'],
  tools: ['bench/', 'scripts/', 'tests/', 'eslint/'],
};

const below = ['runtime', 'app', 'delivery', 'adapters', 'base', 'shared', 'content'];

/** Which rooms each room may import (besides itself). */
export const mayImport = {
  entries: below,
  runtime: below.slice(1),
  app: ['base', 'shared', 'content'],
  delivery: ['adapters', 'base', 'shared', 'content'],
  adapters: ['base', 'shared', 'content'],
  base: ['shared', 'content'],
  site: ['browser', 'shared', 'content'],
  browser: ['shared', 'content'],
  shared: ['content'],
  content: [],
  tools: Object.keys(rooms),
};

/** Single files a room may import beyond its rooms. */
export const exceptions = {
  // The no-JavaScript pages show the site's emergency bar: one markup for both.
  app: ['src/components/EmergencyBar/emergency-bar.ts'],
  // The site is built with exactly the keys the intake checks against: one key loader; and the build writes the
  // compressed copies the Node server sends: one list of what is compressed.
  site: ['functions/keys.ts', 'functions/http/compression.ts'],
  // The desk page and the desk API share one definition of the case statuses, closing reasons, labels and roles
  // (types and constants only).
  browser: ['functions/desk-ports.ts'],
};

export function roomOf(path) {
  for (const [room, prefixes] of Object.entries(rooms)) {
    if (prefixes.some((prefix) => path === prefix || path.startsWith(prefix))) return room;
  }
  return null;
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the rooms of docs/architecture.md.' },
    messages: {
      upward: '{{from}} ({{fromRoom}}) may not import {{to}} ({{toRoom}}): see the rooms in docs/architecture.md.',
    },
    schema: [],
  },
  create(context) {
    const file = relative(root, context.filename);
    const fromRoom = roomOf(file);
    if (!fromRoom) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return; // packages and astro: modules
      const target = relative(root, resolve(dirname(context.filename), specifier.split('?')[0]));
      const toRoom = roomOf(target);
      if (!toRoom || toRoom === fromRoom || mayImport[fromRoom].includes(toRoom)) return;
      if (exceptions[fromRoom]?.includes(target)) return;
      context.report({ node, messageId: 'upward', data: { from: file, fromRoom, to: target, toRoom } });
    };
    const fromSource = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const value = node.argument?.literal?.value ?? node.argument?.value;
        check(node, value);
      },
    };
  },
};

export const roomsPlugin = { meta: { name: 'rooms' }, rules: { imports: importsRule } };
