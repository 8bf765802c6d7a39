export * from './progress_event';
