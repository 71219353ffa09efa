import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../core/content-type';
import { htmlReferences } from '../../core/references';
import { extractTitle } from '../../core/title';
import { runCli, tempConfigHome } from '../helpers/cli';

/** Words that are members of every plain object: a table lookup through one finds Object's, not ours. */
const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

describe('tables keyed by user input never answer from Object.prototype', () => {
  it.each(KEYS)('a file named x.%s gets a string content type', (key) => {
    expect(contentTypeFor(`x.${key}`)).toBe('application/octet-stream');
    expect(contentTypeFor(key)).toBe('application/octet-stream');
  });

  it.each(KEYS)('an element named <%s src=…> is not a reference and does not throw', (key) => {
    expect(htmlReferences(`<${key} src="a.js"></${key}><img src="b.png">`)).toEqual(['b.png']);
  });

  it.each(KEYS)('an entity &%s; in a title stays as written', (key) => {
    expect(extractTitle(`<title>A &${key}; B &amp; C</title>`)).toBe(`A &${key}; B & C`);
  });

  it.each(['constructor', 'toString', '__proto__'])('`share %s` is treated as a path, not run as a command', async (word) => {
    const res = await runCli([word], { XDG_CONFIG_HOME: tempConfigHome() });
    expect(res.stderr).not.toContain('unexpected error');
    expect(res.code).toBe(2);
    const help = await runCli(['help', word], { XDG_CONFIG_HOME: tempConfigHome() });
    expect(help.stderr).not.toContain('unexpected error');
  });
});
