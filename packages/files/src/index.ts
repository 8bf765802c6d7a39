export * from './atomic_file';
export * from './folder_check';
export * from './folder_lock';
export * from './process_alive';
export * from './temporaries';
