/** A run that cannot continue: the message names the limit or the bad input and how to fix it. */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

/** Exhaustiveness guard: a new kind of stream element or event must be handled everywhere. */
export function unreachable(x: never): never {
  throw new SimulationError(`internal: unhandled ${JSON.stringify(x)}`);
}
