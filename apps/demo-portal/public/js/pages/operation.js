// Pages that embed one widget and nothing else of their own: the shell, the token source and the event log.
import { startPortal } from '../portal.js';

startPortal();
