import { serveParseRequests } from './serve.js';

/** The parse worker's entry when nothing more than the parse is wanted (MailParser's default). */
serveParseRequests();
