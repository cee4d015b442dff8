type Flow<Item> = { items: Item[]; weight: number; finish: number };

/**
 * A weighted fair queue (start-time fair queuing): one FIFO flow per tenant; the next item comes from the flow
 * whose virtual finish time is smallest, and each item served advances its flow by 1/weight. A tenant of weight
 * 4 is served four times as often as one of weight 1 while both wait; a tenant that bursts only delays itself.
 * A flow that was idle restarts at the current virtual time, so waiting less earlier earns no credit later.
 */
export class FairQueue<Item> {
  private readonly flows = new Map<string, Flow<Item>>();
  private virtualTime = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(flowId: string, weight: number, item: Item): void {
    let flow = this.flows.get(flowId);
    if (!flow) this.flows.set(flowId, (flow = { items: [], weight, finish: this.virtualTime }));
    if (flow.items.length === 0) flow.finish = Math.max(flow.finish, this.virtualTime);
    flow.weight = Math.max(1, weight);
    flow.items.push(item);
    this.count += 1;
  }

  /** The item served next, without taking it. */
  peek(): Item | undefined {
    return this.nextFlow()?.items[0];
  }

  /** Takes the item served next. */
  shift(): Item | undefined {
    const flow = this.nextFlow();
    const item = flow?.items.shift();
    if (!flow || item === undefined) return undefined;
    this.count -= 1;
    this.virtualTime = flow.finish;
    flow.finish += 1 / flow.weight;
    this.prune();
    return item;
  }

  /** Serves a given item (the one a grant was obtained for), advancing its flow as `shift` would. */
  take(flowId: string, item: Item): boolean {
    const flow = this.flows.get(flowId);
    if (!flow || !this.remove(flowId, item)) return false;
    this.virtualTime = Math.max(this.virtualTime, flow.finish);
    flow.finish += 1 / flow.weight;
    return true;
  }

  /** Takes an item out wherever it waits (its request timed out or went away). */
  remove(flowId: string, item: Item): boolean {
    const flow = this.flows.get(flowId);
    const index = flow?.items.indexOf(item) ?? -1;
    if (!flow || index < 0) return false;
    flow.items.splice(index, 1);
    this.count -= 1;
    this.prune();
    return true;
  }

  private nextFlow(): Flow<Item> | undefined {
    let best: Flow<Item> | undefined;
    for (const flow of this.flows.values()) {
      if (flow.items.length > 0 && (!best || flow.finish < best.finish)) best = flow;
    }
    return best;
  }

  /** Idle flows that hold no advantage any more are forgotten, so the map does not grow with every tenant seen. */
  private prune(): void {
    for (const [id, flow] of this.flows) {
      if (flow.items.length === 0 && flow.finish <= this.virtualTime) this.flows.delete(id);
    }
  }
}
