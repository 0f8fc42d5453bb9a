// Entry of the panel bundle: registers <hp-panel> and everything it shows.
import "./hp-panel.js";
