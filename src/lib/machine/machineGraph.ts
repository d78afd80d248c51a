/**
 * A state machine as a drawable graph, as plain data (no DOM): `readMachine` reads the states and
 * transitions of any xstate v5 machine from its definition, and `layoutMachine` places them left
 * to right with dagre. This module is the entry point the views and tests import; the work is done
 * in, in reading order:
 *
 * - `machineModel.ts`: reading the machine (top-level states, transitions between them);
 * - `machineGeometry.ts`: the drawing's data types, measures and geometry helpers;
 * - `machineText.ts`: label widths, packing labels onto lines, text colour on a fill;
 * - `machineBundles.ts`: pairs of states, and which transitions share a bus (the FAIL line);
 * - `machineBusRoutes.ts`: where the bus lines run;
 * - `machineLabels.ts`: where the labels go;
 * - `machineLayout.ts`: the dagre layout that ties them together, and its cache.
 *
 * Only top-level states are drawn. Several transitions between the same two states are drawn as one
 * edge that lists every event, in declaration order.
 */
export { readMachine, type MachineModel, type MachineState, type MachineTransition } from './machineModel.ts';
export {
  MACHINE_LAYOUT,
  machineEdgePath,
  pointAlong,
  roundedPath,
  type BusGeom,
  type EdgeGeom,
  type MachineLayout,
  type MachineLayoutOptions,
  type Point,
  type StateGeom,
} from './machineGeometry.ts';
export { capsWidth, luminance, packLabels, textOn } from './machineText.ts';
export { edgesFor, layoutMachine, machineLayout } from './machineLayout.ts';
