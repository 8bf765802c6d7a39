import { getScale, type ConvPadding, type ScaleName, type ScaleSpec, type TrainConfigInput } from '@fpb/models';
import type { ImportedVictim } from './imported_victim';

export interface ArchitectureChoice {
  architecture: string;
  width: number;
  /** Absent: TensorFlow's 'same' (every model trained here). */
  padding?: ConvPadding;
}

/** The architecture fields of a recipe, from a choice (the victim's or another): one place that knows them all. */
export const architectureOf = ({ architecture, width, padding }: ArchitectureChoice): ArchitectureChoice => ({
  architecture,
  width,
  padding,
});

/** How big a zoo is: its data/victim scale, architectures and training budgets (each family holds its own counts). */
export interface ZooScale {
  name: ScaleName;
  base: ScaleSpec;
  /** About how many bytes one saved model takes (weights + topology), to check free space before a run. */
  modelBytes: number;
  /** Set when the victim was made elsewhere and imported: the zoo is built around it. */
  importedVictim?: ImportedVictim;
  /** "Different architecture" families cycle through these. */
  otherArchitectures: readonly ArchitectureChoice[];
  training: {
    homologous: TrainConfigInput;
    finetune: TrainConfigInput;
    adversarial: TrainConfigInput & { pgdSteps: number };
    extraction: TrainConfigInput;
    /** Transfer learning's new head, trained alone on the frozen body before everything is fine-tuned. */
    transferHead: { epochs: number; learningRate: number };
  };
}

/**
 * Every family of a zoo trains with the victim's loss: the same label smoothing on hard labels (the
 * dataset's, or an extraction's top-1 answers), none on soft distillation targets (train.ts). A
 * fine-tuned copy trained without the victim's smoothing would grow its logits and hand logit-based
 * methods a scale difference instead of a fingerprint.
 */
function victimLoss(name: ScaleName): Pick<TrainConfigInput, 'labelSmoothing'> {
  return { labelSmoothing: getScale(name).victim.train.labelSmoothing ?? 0 };
}

export const ZOO_SCALES: Readonly<Record<ScaleName, ZooScale>> = {
  tiny: {
    name: 'tiny',
    base: getScale('tiny'),
    modelBytes: 200e3,
    otherArchitectures: [
      { architecture: 'vgg', width: 4 },
      { architecture: 'mobilenet', width: 4 },
    ],
    training: {
      homologous: { epochs: 3, batchSize: 32, learningRate: 0.05, ...victimLoss('tiny') },
      finetune: { epochs: 1, batchSize: 32, learningRate: 0.01, warmupEpochs: 0, ...victimLoss('tiny') },
      adversarial: { epochs: 1, batchSize: 32, learningRate: 0.01, pgdSteps: 2, ...victimLoss('tiny') },
      extraction: { epochs: 3, batchSize: 32, learningRate: 0.05, ...victimLoss('tiny') },
      // X_p is 200 images here: a random head needs a few epochs to read the frozen features.
      transferHead: { epochs: 6, learningRate: 0.05 },
    },
  },
  mini: {
    name: 'mini',
    base: getScale('mini'),
    modelBytes: 1e6,
    // The victim is a VGG: "other architectures" are everything else, each wide enough to pass 60% on
    // the victim's recipe (bench:recipes: MobileNet w16 55-58%, w32 63.5%; DenseNet w8 60-61%, w12 65%).
    otherArchitectures: [
      { architecture: 'resnet8', width: 16 },
      { architecture: 'mobilenet', width: 32 },
      { architecture: 'densenet', width: 12 },
    ],
    training: {
      // Homologous models get the victim's recipe and budget: weaker ones would flatter FIR.
      homologous: getScale('mini').victim.train,
      // X_p holds 10,000 images. Post-processing keeps the victim close: fine-tuning at a tenth of its
      // learning rate, two epochs; adversarial training one epoch of 2-step PGD at SAC's learning rate
      // (model_extract_adv.py: 1e-3), which keeps fidelity at 0.88-0.89 where 1e-2 gave 0.75-0.87.
      finetune: { epochs: 2, batchSize: 64, learningRate: 0.01, ...victimLoss('mini') },
      adversarial: { epochs: 1, batchSize: 64, learningRate: 0.001, pgdSteps: 2, ...victimLoss('mini') },
      // The paper leaves the extraction budget open: an extraction copy gets the victim's own budget in
      // image-passes (X_p is half of X_v, so twice the epochs), with the victim's recipe.
      extraction: { ...getScale('mini').victim.train, epochs: 8 },
      // A random head on frozen features: two epochs at the victim's learning rate, then fine-tuning.
      transferHead: { epochs: 2, learningRate: 0.1 },
    },
  },
  paper: {
    name: 'paper',
    base: getScale('paper'),
    // ResNet-18 at width 64: 11 M parameters.
    modelBytes: 50e6,
    otherArchitectures: [
      { architecture: 'densenet', width: 12 },
      { architecture: 'vgg', width: 64 },
      { architecture: 'mobilenet', width: 32 },
    ],
    training: {
      homologous: getScale('paper').victim.train,
      finetune: { epochs: 20, batchSize: 128, learningRate: 0.01, ...victimLoss('paper') },
      adversarial: { epochs: 10, batchSize: 128, learningRate: 0.01, pgdSteps: 7, ...victimLoss('paper') },
      extraction: { epochs: 50, batchSize: 128, learningRate: 0.05, warmupEpochs: 1, ...victimLoss('paper') },
      transferHead: { epochs: 5, learningRate: 0.1 },
    },
  },
};

/**
 * A scale by name; with an imported victim, the same scale built around that victim: its
 * architecture, width and padding become "the victim's architecture" for every family.
 */
export function getZooScale(name: string, victim?: ImportedVictim): ZooScale {
  const s = (ZOO_SCALES as Record<string, ZooScale>)[name];
  if (!s) throw new Error(`unknown scale '${name}'; choose one of ${Object.keys(ZOO_SCALES).join(', ')}`);
  if (!victim) return s;
  const { architecture, width } = victim;
  // 'same' is how every model here pads already: leaving it out keeps the recipes' keys (and cache).
  const padding = victim.padding === 'symmetric' ? victim.padding : undefined;
  return {
    ...s,
    base: { ...s.base, victim: { ...s.base.victim, architecture, width, padding } },
    importedVictim: victim,
  };
}

/** Where a scale's results go: beside the scale's own, named after an imported victim. */
export const resultsLabel = (scale: ZooScale) =>
  scale.importedVictim ? `${scale.name}-victim-${scale.importedVictim.name}` : scale.name;
