/** A run that cannot continue: the message names the limit or the bad input and how to fix it. */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}
