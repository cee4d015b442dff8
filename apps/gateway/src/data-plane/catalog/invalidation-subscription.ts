import type { Redis } from 'ioredis';

/** What a catalog does with the messages of its invalidation channel. */
export type InvalidationHandler<Message> = {
  /** Checks a decoded message; undefined when it is not one the catalog understands. Default: any JSON object. */
  read?: (value: unknown) => Message | undefined;
  /** Drops the entries one message names. */
  drop(message: Message): void;
  /**
   * Drops every entry: a message could not be read, or the subscription came back after a drop, so messages may
   * have been missed meanwhile.
   */
  dropAll(): void;
};

/**
 * A catalog's subscription to its invalidation channel on the shared subscriber connection (one subscribed connection
 * serves every channel; each subscription picks out its own channel's messages). Start it on module init and stop it
 * on destroy.
 */
export class InvalidationSubscription<Message> {
  private generationCount = 0;
  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.channel) return;
    this.generationCount += 1;
    const read = decode(message, this.handler.read ?? readObject<Message>);
    if (read === undefined) this.handler.dropAll();
    else this.handler.drop(read);
  };
  private readonly onReady = () => {
    this.generationCount += 1;
    this.handler.dropAll();
  };

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly handler: InvalidationHandler<Message>,
  ) {}

  /**
   * Raised by every message and every reconnection, before the handler runs. A load that started under an older
   * generation may have read rows the invalidation was about, so its result must not be cached.
   */
  get generation(): number {
    return this.generationCount;
  }

  async start(): Promise<void> {
    this.subscriber.on('message', this.onMessage);
    this.subscriber.on('ready', this.onReady);
    await this.subscriber.subscribe(this.channel);
  }

  async stop(): Promise<void> {
    this.subscriber.off('message', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
  }
}

function decode<Message>(
  message: string,
  read: (value: unknown) => Message | undefined,
): Message | undefined {
  try {
    return read(JSON.parse(message));
  } catch {
    return undefined;
  }
}

function readObject<Message>(value: unknown): Message | undefined {
  return typeof value === 'object' && value !== null ? (value as Message) : undefined;
}
