import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { routeMessage } from '../../src/request/route.ts';

describe('routeMessage', () => {
  it.each([
    ['when did the council pass the ordinance?', '/ask when did the council pass the ordinance?'],
    ['who said we do not shield criminals', '/ask who said we do not shield criminals'],
    ['Is Denver a sanctuary city?', '/ask Is Denver a sanctuary city?'],
    ['what did Pazen say', '/ask what did Pazen say'],
    ['/when ordinance', '/when ordinance'],
    ['when ordinance', '/when ordinance'],
    ['quote hancock warrant', '/quote hancock warrant'],
    ['search valles', '/search valles'],
    ['valles', '/search valles'],
    ['help me find the ordinance', '/search help me find the ordinance'],
    ['help', '/help'],
    ['?', '/help'],
    ['', '/help'],
    ['sources', '/sources'],
  ])('%j → %j', (text, line) => {
    expect(routeMessage(text, commands)).toBe(line);
  });
});
