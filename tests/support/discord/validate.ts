// Checks every body the bot sends against Discord's own OpenAPI description, then adds the
// limits Discord enforces that the description does not encode (see the spec's README).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const MAX_MESSAGE_LENGTH = 2_000;
export const MAX_EMBED_TOTAL = 6_000;
export const MAX_CHOICE_LENGTH = 100;
export const MAX_COMMAND_TOTAL = 8_000;
// Discord's documented pattern; chat-input names must also be lowercase.
const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const SPEC_URL = new URL('./spec/openapi.json', import.meta.url);
const SPEC_ID = 'https://discord.com/api/v10/openapi.json';

/** One reason a body would be refused: where in the body, a Discord-style code, and why. */
export interface Problem {
  path: string[];
  code: string;
  message: string;
}

// ajv-formats is CommonJS with a default export; under NodeNext the import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let doc: { paths: Record<string, Record<string, Operation>> } | undefined;

/**
 * Two compilations of the same schemas: `quick` stops at the first error and decides
 * whether a body is accepted; `detailed` (allErrors) runs only on a refused body, to say
 * everything that is wrong with it, and is compiled when the first body is refused. A
 * body passes one exactly when it passes the other; collecting every error of every union
 * branch is what makes `detailed` slow on large, valid bodies (a page of excerpts).
 */
type Mode = 'quick' | 'detailed';
const instances: Partial<Record<Mode, Ajv2020>> = {};
const compiled: Record<Mode, Map<string, ValidateFunction[]>> = { quick: new Map(), detailed: new Map() };

interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: { anyOf?: unknown[] } }> };
}

// Parsing the 1.2 MB document and compiling the quick validators costs about 0.4 s, so
// each happens once per process.
function spec(): NonNullable<typeof doc> {
  return (doc ??= JSON.parse(readFileSync(SPEC_URL, 'utf8')) as NonNullable<typeof doc>);
}

function instance(mode: Mode): Ajv2020 {
  let a = instances[mode];
  if (!a) {
    a = new Ajv2020({ strict: false, allErrors: mode === 'detailed' });
    addFormats(a);
    a.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
    a.addFormat('nonce', /^.{0,25}$/);
    a.addSchema(spec(), SPEC_ID);
    instances[mode] = a;
  }
  return a;
}

// A top-level anyOf (the interaction callback's message | autocomplete | modal | ...) is
// compiled branch by branch, so errors can be reported from the branch the body meant.
function validatorsFor(operationId: string, mode: Mode): ValidateFunction[] {
  const cached = compiled[mode].get(operationId);
  if (cached) return cached;
  const escape = (s: string) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'));
  let validators: ValidateFunction[] = [];
  for (const [path, item] of Object.entries(spec().paths)) {
    for (const [method, op] of Object.entries(item)) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (op.operationId !== operationId || !schema) continue;
      const base = `${SPEC_ID}#/paths/${escape(path)}/${method}/requestBody/content/${escape('application/json')}/schema`;
      const refs = schema.anyOf ? schema.anyOf.map((_, i) => `${base}/anyOf/${i}`) : [base];
      validators = refs.map((ref) => instance(mode).compile({ $ref: ref }));
    }
  }
  compiled[mode].set(operationId, validators);
  return validators;
}

const fileFields = new Map<string, string[]>();

/**
 * The `files[n]` fields an operation's multipart/form-data body may carry, as its schema
 * in Discord's description lists them (following `$ref`s into the components). Where the
 * description accepts multipart/form-data but lists no files (executing a webhook, an
 * interaction's callback), `files[0]` to `files[9]`, as Discord's reference on uploading
 * files says of every such route. None for an operation that takes no multipart body.
 */
export function multipartFileFields(operationId: string): string[] {
  let fields = fileFields.get(operationId);
  if (fields) return fields;
  const doc = spec() as unknown as { paths: Record<string, Record<string, Operation>>; components?: unknown };
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === 'string' && n.$ref.startsWith('#/')) {
      let target: unknown = doc;
      for (const key of n.$ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[key];
      walk(target);
    }
    if (typeof n.properties === 'object' && n.properties !== null)
      for (const key of Object.keys(n.properties)) if (/^files\[\d+\]$/.test(key)) found.add(key);
    for (const v of Object.values(n)) walk(v);
  };
  let multipart = false;
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item)) {
      const schema =
        op.operationId === operationId ? op.requestBody?.content['multipart/form-data']?.schema : undefined;
      if (!schema) continue;
      multipart = true;
      walk(schema);
    }
  fields = found.size > 0 || !multipart ? [...found] : Array.from({ length: 10 }, (_, i) => `files[${i}]`);
  fileFields.set(operationId, fields);
  return fields;
}

const CODES: Record<string, string> = {
  maxLength: 'BASE_TYPE_MAX_LENGTH',
  minLength: 'BASE_TYPE_MIN_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  required: 'BASE_TYPE_REQUIRED',
  type: 'MODEL_TYPE_CONVERT',
  enum: 'BASE_TYPE_CHOICES',
};

// With anyOf/oneOf unions ajv reports every branch's failure; the deepest ones name the
// property that is actually wrong (e.g. /data/content rather than "/type must be 8").
function fromAjv(errors: ErrorObject[]): Problem[] {
  const located = errors.map((e) => {
    const path = e.instancePath.split('/').slice(1);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    return { path, code: CODES[e.keyword] ?? 'BASE_TYPE_INVALID', message: e.message ?? e.keyword };
  });
  const depth = Math.max(...located.map((p) => p.path.length));
  const seen = new Set<string>();
  return located.filter((p) => {
    const key = `${p.path.join('/')} ${p.message}`;
    if (p.path.length !== depth || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Compiles the validators that accept bodies on the routes a bot answers through, once per
 * process. Compiling takes hundreds of milliseconds; done on a burst's first request, it
 * would stall this (shared) event loop exactly when the bot is being measured.
 */
export function warmUpValidators(
  operationIds: readonly string[] = [
    'create_interaction_response',
    'update_original_webhook_message',
    'execute_webhook',
    'create_message',
  ],
): void {
  for (const id of operationIds) validatorsFor(id, 'quick');
}

/** Problems with `body` as the request body of `operationId`; [] when Discord would accept it. */
export function checkBody(operationId: string, body: unknown): Problem[] {
  const quick = validatorsFor(operationId, 'quick');
  let problems: Problem[] = [];
  if (quick.length > 0 && !quick.some((v) => v(body))) {
    const failures = validatorsFor(operationId, 'detailed').map((v) => (v(body), v.errors ?? []));
    // Branches that reject the discriminator ("type") are not the one the body was written for.
    const meant = failures.filter((errors) => !errors.some((e) => e.instancePath === '/type'));
    problems = fromAjv((meant.length > 0 ? meant : failures).flat());
  }
  const reported = new Set(problems.map((p) => p.path.join('/')));
  return [...problems, ...extraChecks(operationId, body).filter((p) => !reported.has(p.path.join('/')))];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v.length : 0);

function messageLimits(message: unknown, at: string[]): Problem[] {
  if (!isObject(message)) return [];
  const problems: Problem[] = [];
  if (text(message.content) > MAX_MESSAGE_LENGTH) {
    problems.push({
      path: [...at, 'content'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_MESSAGE_LENGTH} or fewer in length (got ${text(message.content)}).`,
    });
  }
  const embeds = Array.isArray(message.embeds) ? message.embeds.filter(isObject) : [];
  const total = embeds.reduce((sum, e) => {
    const fields = Array.isArray(e.fields) ? e.fields.filter(isObject) : [];
    return (
      sum +
      text(e.title) +
      text(e.description) +
      (isObject(e.footer) ? text(e.footer.text) : 0) +
      (isObject(e.author) ? text(e.author.name) : 0) +
      fields.reduce((n, f) => n + text(f.name) + text(f.value), 0)
    );
  }, 0);
  if (total > MAX_EMBED_TOTAL) {
    problems.push({
      path: [...at, 'embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL} (got ${total}).`,
    });
  }
  return problems;
}

function commandLimits(command: unknown, at: string[]): Problem[] {
  if (!isObject(command)) return [];
  const problems: Problem[] = [];
  const chatInput = command.type === undefined || command.type === 1;
  let total = 0;
  const walk = (node: Json, path: string[], isOption: boolean) => {
    const name = typeof node.name === 'string' ? node.name : '';
    total += name.length + text(node.description);
    if ((chatInput || isOption) && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
      problems.push({
        path: [...path, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: `Command name "${name}" is invalid: lowercase letters, digits, - and _, 1-32 characters.`,
      });
    }
    const choices = Array.isArray(node.choices) ? node.choices.filter(isObject) : [];
    for (const choice of choices) total += text(choice.name) + String(choice.value ?? '').length;
    const options = Array.isArray(node.options) ? node.options : [];
    options.forEach((o, i) => isObject(o) && walk(o, [...path, 'options', String(i)], true));
  };
  walk(command, at, false);
  if (!chatInput) {
    // User and message commands (types 2, 3): a name of 1-32 characters, any case, spaces
    // allowed; the description an empty string; no options.
    const name = typeof command.name === 'string' ? command.name : '';
    if (name.length < 1 || name.length > 32)
      problems.push({
        path: [...at, 'name'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between 1 and 32 in length (got ${name.length}).`,
      });
    if (typeof command.description === 'string' && command.description !== '')
      problems.push({
        path: [...at, 'description'],
        code: 'APPLICATION_COMMAND_INVALID_DESCRIPTION',
        message: 'User and message commands cannot have a description.',
      });
    if (Array.isArray(command.options) && command.options.length > 0)
      problems.push({
        path: [...at, 'options'],
        code: 'APPLICATION_COMMAND_OPTIONS_INVALID',
        message: 'User and message commands cannot have options.',
      });
  }
  // Subcommands (1) and groups (2) may not sit beside other options at one level.
  const mixed = (node: Json, path: string[]): void => {
    const options = Array.isArray(node.options) ? node.options.filter(isObject) : [];
    const subs = options.filter((o) => o.type === 1 || o.type === 2).length;
    if (subs > 0 && subs < options.length)
      problems.push({
        path: [...path, 'options'],
        code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
        message: 'Sub-command and sub-command group option types are mutually exclusive to all other types.',
      });
    options.forEach((o, i) => mixed(o, [...path, 'options', String(i)]));
  };
  mixed(command, at);
  if (total > MAX_COMMAND_TOTAL) {
    problems.push({
      path: at,
      code: 'APPLICATION_COMMAND_TOO_LARGE',
      message: `Command exceeds maximum size (${MAX_COMMAND_TOTAL}): names, descriptions and choices total ${total}.`,
    });
  }
  return problems;
}

function extraChecks(operationId: string, body: unknown): Problem[] {
  switch (operationId) {
    case 'create_message':
    case 'execute_webhook':
    case 'update_original_webhook_message':
    case 'update_webhook_message':
      return messageLimits(body, []);
    case 'create_interaction_response': {
      if (!isObject(body) || !isObject(body.data)) return [];
      if (body.type !== 8) return messageLimits(body.data, ['data']);
      const choices = Array.isArray(body.data.choices) ? body.data.choices.filter(isObject) : [];
      return choices.flatMap((c, i) =>
        (['name', 'value'] as const)
          .filter((key) => String(c[key] ?? '').length > MAX_CHOICE_LENGTH)
          .map((key) => ({
            path: ['data', 'choices', String(i), key],
            code: 'BASE_TYPE_BAD_LENGTH',
            message: `Must be between 1 and ${MAX_CHOICE_LENGTH} in length.`,
          })),
      );
    }
    case 'bulk_set_application_commands':
    case 'bulk_set_guild_application_commands': {
      if (!Array.isArray(body)) return [];
      const names = body.map((c) => (isObject(c) ? `${String(c.type ?? 1)}:${String(c.name)}` : ''));
      const duplicate = names.findIndex((n, i) => names.indexOf(n) !== i);
      return [
        ...body.flatMap((c, i) => commandLimits(c, [String(i)])),
        ...(duplicate >= 0
          ? [
              {
                path: [String(duplicate), 'name'],
                code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
                message: 'Application command names must be unique',
              },
            ]
          : []),
      ];
    }
    default:
      return [];
  }
}

/** Discord's nested `errors` object for a 50035 answer: `{ data: { content: { _errors: [...] } } }`. */
export function toDiscordErrors(problems: Problem[]): Json {
  const root: Json = {};
  for (const { path, code, message } of problems) {
    let node = root;
    for (const key of path) node = (node[key] ??= {}) as Json;
    ((node._errors ??= []) as unknown[]).push({ code, message });
  }
  return root;
}
