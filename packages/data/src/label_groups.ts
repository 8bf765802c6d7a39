import type { ImageDataset } from './dataset';

/** A dataset's classes regrouped into fewer labels: the task a transfer-learned model answers. */
export interface LabelGrouping {
  /** groupOf[c]: the label class c has after regrouping. */
  groupOf: number[];
  groups: number;
}

/** CIFAR-10's classes as five pairs that look alike: airplane+ship, automobile+truck, bird+frog, cat+dog, deer+horse. */
const CIFAR10_PAIRS = [
  [0, 8],
  [1, 9],
  [2, 6],
  [3, 5],
  [4, 7],
];

/**
 * The five-label task of the transfer-learning families: CIFAR-10's five pairs for ten classes, and
 * for any other count five runs of consecutive classes (CIFAR-100's are in alphabetical order, so
 * these groups have no meaning beyond being a different task built from the same images).
 */
export function fiveGroups(numClasses: number): LabelGrouping {
  if (numClasses < 5) throw new Error(`fiveGroups: ${numClasses} classes cannot make five groups`);
  const groupOf =
    numClasses === 10
      ? Array.from({ length: 10 }, (_, c) => CIFAR10_PAIRS.findIndex((pair) => pair.includes(c)))
      : Array.from({ length: numClasses }, (_, c) => Math.floor((c * 5) / numClasses));
  return { groupOf, groups: 5 };
}

/** The same images with their labels regrouped (shared, not copied: only the labels are new). */
export function regrouped(d: ImageDataset, grouping: LabelGrouping): ImageDataset {
  if (grouping.groupOf.length !== d.numClasses)
    throw new Error(`regrouped: a grouping of ${grouping.groupOf.length} classes for a dataset of ${d.numClasses}`);
  const names = Array.from({ length: grouping.groups }, (_, g) =>
    d.classNames.filter((_, c) => grouping.groupOf[c] === g).join('+'),
  );
  return {
    images: d.images,
    labels: Uint8Array.from(d.labels, (l) => grouping.groupOf[l]),
    numClasses: grouping.groups,
    classNames: names,
  };
}
