/**
 * Child-process entry of one micro-benchmark round (`micro.ts`): measures the part named by the first
 * argument (the second is the round number, which rotates the contenders' order) and sends its
 * figures to the parent.
 */
import { MICRO_PARTS, microFigures, type MicroPart } from './micro.js';

const part = process.argv[2] as MicroPart;
if (!MICRO_PARTS.includes(part) || process.send === undefined) throw new Error(`usage: fork micro-child.ts with one of ${MICRO_PARTS.join(', ')}`);
const figures = await microFigures(part, Number(process.argv[3] ?? 0));
process.send(figures, () => process.disconnect());
