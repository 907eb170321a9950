import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FILE_STORAGE } from './file-storage.js';
import { LocalFileStorage } from './local-file.storage.js';

@Global()
@Module({
  providers: [
    { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalFileStorage(config.storageDir) },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
