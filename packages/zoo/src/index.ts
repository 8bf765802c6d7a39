export * from './procedures/adversarial_finetune';
export * from './procedures/extraction';
export * from './procedures/fine_pruning';
export * from './procedures/finetune';
export * from './procedures/pgd';
export * from './procedures/victim_queries';
