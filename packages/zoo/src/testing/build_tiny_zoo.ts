// Builds the shared tiny zoo if the temporary folder lacks it (run by jest's global setup).
import { tinyZooCache } from './tiny_zoo';

void tinyZooCache().then((dir) => console.log(`tiny zoo ready: ${dir}`));
