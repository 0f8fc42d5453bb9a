// The suggested automation as YAML for the panel: what a user pastes into Home Assistant's automation editor.
import YAML from "yaml";
import type { SuggestedAutomation } from "./automation-config.js";

/**
 * YAML 1.1, as Home Assistant's loader reads it: "on", "off", "yes" and "06:45:00" get quotes,
 * which 1.1 would otherwise read as true, false and a number of seconds. No line folding, so a
 * description stays on one line.
 */
export function automationYaml(config: SuggestedAutomation, patternKey: string): string {
  const header = [
    `# Suggested by Home Patterns for the pattern ${patternKey}`,
    "# trigger/platform and service keys: loaded by Home Assistant 2023.12 (the add-on's minimum) and every later version.",
  ].join("\n");
  return `${header}\n${YAML.stringify(config, { version: "1.1", lineWidth: 0 })}`;
}

/** Reads YAML the way Home Assistant does (1.1), for checks that the text says what the config says. */
export function parseAutomationYaml(text: string): unknown {
  return YAML.parse(text, { version: "1.1" });
}
