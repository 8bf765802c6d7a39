export * from './atomic_file';
export * from './folder_check';
export * from './folder_lock';
export * from './process_alive';
export * from './temporaries';
export * from './content_key';
export * from './verified_folder';
