/**
 * From a field path in the parsed value (`['steps', 2, 'cpr-move', 'date']`) back to where it is
 * written in the file, through the YAML document's node ranges.
 */
import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';

export type FieldPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** `steps[2].cpr-move.date`; indices are 0-based, as in the parsed lists. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

export class Locator {
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(doc: Document, lines: LineCounter) {
    this.#doc = doc;
    this.#lines = lines;
  }

  /** The position of an offset in the text. */
  at(offset: number): Position {
    const { line, col } = this.#lines.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  /**
   * Where the value at the path starts; when it is not in the file (a missing field), where the
   * nearest enclosing value starts. Line 1 when nothing can be found.
   */
  value(path: FieldPath): Position {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? this.#doc.contents : this.#doc.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range !== undefined && node.range !== null) return this.at(node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  /** Where the key `key` of the map at the path is written (for an unknown field); else the map. */
  key(path: FieldPath, key: string): Position {
    const map = path.length === 0 ? this.#doc.contents : this.#doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        const keyNode = pair.key;
        if (isScalar(keyNode) && String(keyNode.value) === key && keyNode.range) {
          return this.at(keyNode.range[0]);
        }
      }
    }
    return this.value(path);
  }
}
