// A numeric state with its entity's unit, spaced as Home Assistant shows it ("21.5 °C", "45%").

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** Units Home Assistant's frontend writes without a space before them (English): "45%", "180°". */
const NO_SPACE: ReadonlySet<string> = new Set(["%", "°"]);

/**
 * The state with the unit its entity's attributes name, when the state is a number and a unit is
 * known: "21.5" and "°C" give "21.5 °C". Anything else ("on", "unavailable", no unit) as it is.
 */
export function withUnit(state: string, unit: string | null | undefined): string {
  if (!unit || !NUMBER.test(state)) return state;
  return `${state}${NO_SPACE.has(unit) ? "" : " "}${unit}`;
}
