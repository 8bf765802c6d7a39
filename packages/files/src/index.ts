export * from './atomic_file';
