import { serveParseRequests } from '../parse/serve.js';
import { analyseMail } from './analyse.js';

/**
 * The daemon's parse worker (ANALYSE_WORKER): parses each mail and analyses it in the same turn,
 * within the parse's time budget and heap caps. It lives here, not in src/parse, because the
 * analysis reads the guards and intake, which are a later layer than the parse.
 */
serveParseRequests(analyseMail);
