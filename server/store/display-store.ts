import { type DisplaySettings, displayOf } from '../../shared/display';
import { type ReadBatch, type Store, StoreUnavailableError } from './store';

/** The screens' display settings (shared/display.ts): one hash, a field per setting. */
export class DisplayStore {
  constructor(private readonly store: Store) {}

  /** The settings, defaults where none is stored; in a snapshot's read batch when given. */
  async read(batch?: ReadBatch): Promise<DisplaySettings> {
    const [hash] = await this.store.readHashes([this.store.keys.display], batch);
    return displayOf(hash ?? {});
  }

  async write(settings: DisplaySettings): Promise<void> {
    try {
      await this.store.redis.hset(this.store.keys.display, settings);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}
