import { classifierRulesSchema, type ClassifierRules, type ClassifierRulesInput } from './classifierSchema.js';

/**
 * The default intake triage rules for a general Dutch/English business mailbox.
 *
 * Weights are in score points; with the default thresholds (complaint ≥ 3, not_complaint ≤ 0)
 * one explicit complaint word (klacht, complaint, ontevreden, unacceptable) is enough on its own,
 * weaker signs (a delay, "still not", an apology demanded) need company, and the vocabulary of
 * routine business mail (quotes, invoices, newsletters, applications, auto-replies, spam) pulls
 * the score down. Ids are "<lang>.<topic>" (or "any.<topic>" for words shared by both languages)
 * so a handler can read a result without opening this file.
 *
 * Regex rules are wrapped in word boundaries by the classifier and run on lower-cased,
 * accent-stripped text: write "geirriteerd", not "geïrriteerd". `\p{L}*` is "any letters".
 */
const DEFAULT_RULES_INPUT: ClassifierRulesInput = {
  subjectFactor: 1.5,
  thresholds: { complaint: 3, notComplaint: 0 },
  rules: [
    // ── complaint evidence, Dutch ───────────────────────────────────────────────────────────
    // "klacht", "klachten", "serviceklacht" — but not "klachtenregeling"/"klachtenprocedure":
    // asking where the procedure is, is not itself a complaint.
    { id: 'nl.klacht', pattern: '\\p{L}*klacht(en)?', regex: true, weight: 3, lang: 'nl' },
    { id: 'nl.ontevreden', pattern: 'ontevreden|niet (zo |erg |helemaal )?tevreden', regex: true, weight: 3, lang: 'nl' },
    { id: 'nl.teleurgesteld', pattern: 'teleurgesteld|teleurstell\\p{L}*', regex: true, weight: 2.5, lang: 'nl' },
    { id: 'nl.boos', pattern: 'boos|woedend|ontstemd|geirriteerd|geergerd|gefrustreerd|frustrerend|kwaad', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.slechte-service', pattern: 'slechte (service|dienstverlening|ervaring|communicatie|bereikbaarheid|kwaliteit|afhandeling)', regex: true, weight: 2.5, lang: 'nl' },
    { id: 'nl.slecht', pattern: 'slecht', weight: 1, lang: 'nl' },
    { id: 'nl.niet-opgelost', pattern: 'niet (is |zijn |wordt |worden )?opgelost|(nog )?(steeds )?geen oplossing', regex: true, weight: 2.5, lang: 'nl' },
    { id: 'nl.nog-steeds', pattern: 'nog (steeds|altijd) (niet|geen|niets|niks)', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.al-weken', pattern: 'al (dagen|weken|maanden|jaren)', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.geld-terug', pattern: 'geld terug', weight: 2.5, lang: 'nl' },
    { id: 'nl.terugbetaling', pattern: 'terugbetaling|restitutie|crediter(en|ing)|creditnota', regex: true, weight: 1.5, lang: 'nl' },
    { id: 'nl.compensatie', pattern: 'compensatie|schadevergoeding|schade', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.onacceptabel', pattern: 'onacceptabel|onaanvaardbaar|ontoelaatbaar|ontoereikend', regex: true, weight: 3, lang: 'nl' },
    { id: 'nl.schandalig', pattern: 'belachelijk|schandalig|schande|bespottelijk|absurd', regex: true, weight: 3, lang: 'nl' },
    { id: 'nl.onbeschoft', pattern: 'onbeschoft\\p{L}*|onvriendelijk\\p{L}*|respectloos|grof', regex: true, weight: 2.5, lang: 'nl' },
    { id: 'nl.geen-reactie', pattern: '(geen|nooit) (enkele )?(reactie|antwoord|respons)|niet (gereageerd|teruggebeld)|niemand (belt|reageert|neemt)', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.onbereikbaar', pattern: 'onbereikbaar|slecht bereikbaar|niet bereikbaar', regex: true, weight: 1.5, lang: 'nl' },
    { id: 'nl.excuses', pattern: 'excuses', weight: 1, lang: 'nl' },
    { id: 'nl.onterecht', pattern: 'onterecht*', weight: 2, lang: 'nl' },
    { id: 'nl.juridisch', pattern: 'advocaat|jurist|juridische stappen|ingebrekestelling|rechter|aansprakelijk\\p{L}*', regex: true, weight: 2.5, lang: 'nl' },
    { id: 'nl.oneens', pattern: 'niet (mee )?eens|oneens', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.herhaald', pattern: '(tweede|derde|vierde|vijfde|zoveelste) (keer|mail|maal)|herhaaldelijk|keer op keer|(weer|alweer|opnieuw) (mis|fout)', regex: true, weight: 1.5, lang: 'nl' },
    { id: 'nl.niet-nagekomen', pattern: 'niet nagekomen|(beloofd|toegezegd) (maar|en) niet', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.verbazing', pattern: 'tot (mijn|onze) (grote )?verbazing|verbijsterd|stomverbaasd', regex: true, weight: 1.5, lang: 'nl' },
    { id: 'nl.zo-kan-het-niet', pattern: '(zo|dit) kan (het|ik|dit) (echt |zo )?niet|zo kunnen (wij|we) (echt )?niet', regex: true, weight: 2, lang: 'nl' },
    { id: 'nl.storing', pattern: 'storing*', weight: 1, lang: 'nl' },
    { id: 'nl.werkt-niet', pattern: 'werkt (nog steeds |al \\p{L}+ )?niet|doet het niet|kapot|ligt (er ?uit|plat)|verdwenen|kwijt', regex: true, weight: 1, lang: 'nl' },
    { id: 'nl.vertraging', pattern: 'vertraging|(veel )?te laat', regex: true, weight: 1, lang: 'nl' },
    { id: 'nl.verwacht', pattern: '(ik|wij|we) verwacht(en)?|(ik|wij|we) eis(en)?', regex: true, weight: 1, lang: 'nl' },
    { id: 'nl.helaas', pattern: 'helaas', weight: 0.5, lang: 'nl' },

    // ── complaint evidence, English ─────────────────────────────────────────────────────────
    // "complaints procedure/policy" is excluded for the same reason as klachtenregeling.
    { id: 'en.complaint', pattern: "complain(t|ts|ed|ing|s)?(?![\\s-]+(procedure|policy|process))", regex: true, weight: 3, lang: 'en' },
    { id: 'en.dissatisfied', pattern: 'dissatisfied|unsatisfied|unhappy|not (at all |very |entirely )?(satisfied|happy|pleased)', regex: true, weight: 3, lang: 'en' },
    { id: 'en.disappointed', pattern: 'disappoint\\p{L}*|let down|fell (well |far )?short', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.unacceptable', pattern: 'unacceptable|not acceptable|inexcusable', regex: true, weight: 3, lang: 'en' },
    { id: 'en.refund', pattern: 'refund*', weight: 2, lang: 'en' },
    { id: 'en.money-back', pattern: 'money back|reimburs\\p{L}*', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.compensation', pattern: 'compensat(e|ed|es|ing|ion)', regex: true, weight: 2, lang: 'en' },
    { id: 'en.still-not', pattern: "still (not|no|hasn't|haven't|isn't|doesn't|broken|waiting)", regex: true, weight: 2, lang: 'en' },
    { id: 'en.not-resolved', pattern: 'not (been )?(resolved|fixed|solved|sorted)|unresolved', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.for-weeks', pattern: 'for (days|weeks|months)|(weeks|months) ago', regex: true, weight: 1.5, lang: 'en' },
    { id: 'en.no-response', pattern: "no (reply|response|answer)|not a single (reply|response)|never (heard back|replied|got a reply)|nobody (answers|replied|responded|got back)|ignored", regex: true, weight: 2, lang: 'en' },
    { id: 'en.escalate', pattern: 'escalat*', weight: 2, lang: 'en' },
    { id: 'en.rude', pattern: 'rude\\p{L}*|unprofessional|disrespectful|dismissive', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.frustrated', pattern: 'frustrat\\p{L}*|fed up|annoyed|angry|furious|upset', regex: true, weight: 2, lang: 'en' },
    { id: 'en.terrible', pattern: 'terrible|awful|appalling|shocking|disgraceful|outrageous|ridiculous|(poor|bad|worst) (service|support|experience)', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.legal', pattern: 'legal action|lawyer|solicitor|small claims|trading standards|liable', regex: true, weight: 2.5, lang: 'en' },
    { id: 'en.charged-twice', pattern: '(charged|billed|debited) (us |me )?twice|double[\\s-](charged|billed)|duplicate (payment|charge)|overcharg\\p{L}*', regex: true, weight: 2, lang: 'en' },
    { id: 'en.repeated', pattern: '(second|third|fourth|fifth|umpteenth) (time|month|week|email)|yet again|again and again|(three|four|five|several|many) times', regex: true, weight: 1.5, lang: 'en' },
    { id: 'en.raise-concern', pattern: 'raise (a |my |this |our )?(concern|issue)|put (this|it|things) right|make (this|it|things) right', regex: true, weight: 2, lang: 'en' },
    { id: 'en.apology', pattern: 'apolog*', weight: 1, lang: 'en' },
    { id: 'en.expect', pattern: '(i|we) (expect|demand|insist)', regex: true, weight: 1, lang: 'en' },
    { id: 'en.broken', pattern: "not working|(doesn't|does not|didn't|did not) work|broke|broken|outage|downtime|was down", regex: true, weight: 1, lang: 'en' },
    { id: 'en.promised', pattern: 'promised|broken promise', regex: true, weight: 1, lang: 'en' },

    // ── not-a-complaint evidence ────────────────────────────────────────────────────────────
    // Words shared by both languages get one "any." rule, so one word is never counted twice.
    // Explicit denial outweighs the complaint word it contains ("geen klacht, maar een vraag").
    { id: 'nl.geen-klacht', pattern: '(geen|niet een) klacht', regex: true, weight: -4, lang: 'nl' },
    { id: 'en.not-a-complaint', pattern: "(not|isn't|is not|no) (a |any )?complaint", regex: true, weight: -4, lang: 'en' },
    // Auto-replies announce themselves in the subject; in a body "automatisch antwoord" is often
    // a customer complaining that that is all they got.
    { id: 'any.autoreply-subject', pattern: 'automatisch antwoord|afwezigheidsbericht|afwezig|out of (the )?office|automatic reply|auto[\\s-]?reply|autoreply', regex: true, weight: -3, where: 'subject' },
    { id: 'nl.afwezig', pattern: 'afwezig|met vakantie|beperkt (toegang tot|bereikbaar)', regex: true, weight: -2, where: 'body', lang: 'nl' },
    { id: 'en.away', pattern: 'out of (the )?office|on (annual )?leave|limited access to (my )?e-?mail', regex: true, weight: -2, where: 'body', lang: 'en' },
    { id: 'any.webinar', pattern: 'webinar*', weight: -3 },
    { id: 'any.sponsor', pattern: 'sponsor*', weight: -2 },
    { id: 'any.media', pattern: 'journalist|interview|pers(bericht)?|press release|podcast', regex: true, weight: -1.5 },
    { id: 'any.seo', pattern: 'seo|google ranking|outsourc\\p{L}*|pre[\\s-]?vetted|lead generation', regex: true, weight: -2 },
    { id: 'any.cv', pattern: 'cv|curriculum vitae', regex: true, weight: -2 },
    { id: 'any.tender', pattern: 'aanbesteding|tender', regex: true, weight: -1.5 },
    { id: 'nl.offerte', pattern: 'offerte*', weight: -2, lang: 'nl' },
    { id: 'nl.prijsopgave', pattern: 'prijsopgave|prijsindicatie|tarieven', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.factuur', pattern: 'factu\\p{L}*', regex: true, weight: -1, lang: 'nl' },
    { id: 'nl.betaling', pattern: 'over te maken|betalingstermijn|vervaldatum|onder vermelding van|betaling (is )?ontvangen', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.herinnering', pattern: 'betalingsherinnering|aanmaning|herinnering', regex: true, weight: -1, lang: 'nl' },
    { id: 'nl.nieuwsbrief', pattern: 'nieuwsbrie\\p{L}*', regex: true, weight: -3, lang: 'nl' },
    { id: 'nl.afmelden', pattern: 'afmelden|uitschrijven|afmeldlink|(u|je) af te melden|meld (u|je) (hier )?af', regex: true, weight: -3, lang: 'nl' },
    { id: 'nl.browser', pattern: 'in (uw|je|jouw|de) (web)?browser', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.sollicitatie', pattern: 'vacature\\p{L}*|sollicit\\p{L}*|motivatiebrief', regex: true, weight: -2.5, lang: 'nl' },
    { id: 'nl.stage', pattern: '\\p{L}+stage|stageplek\\p{L}*|stagiair\\p{L}*|op zoek naar (een )?stage', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.uitnodiging', pattern: 'uitnodig\\p{L}*|meld (u|je) aan|aanmelden|inschrijven', regex: true, weight: -1.5, lang: 'nl' },
    { id: 'nl.partner', pattern: 'voorstel (tot |voor (een )?)?samenwerking|samenwerkingsvoorstel|partnerprogramma|wederverkoper\\p{L}*', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.bedankt', pattern: 'bedankt|hartelijk dank|dank (je|u) wel|dankjewel|dank voor', regex: true, weight: -1, lang: 'nl' },
    { id: 'nl.compliment', pattern: 'compliment\\p{L}*|(erg|heel|zeer|super) (blij|tevreden)|blij mee|top service', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.opgelost', pattern: '(is|zijn|werd|was) (nu |inmiddels |helemaal |weer )?opgelost', regex: true, weight: -1.5, lang: 'nl' },
    { id: 'nl.vraag', pattern: 'vraag(je)? over|vroeg me af|is het mogelijk|hoe kan ik|hoe (doe|zet|maak) ik', regex: true, weight: -1, lang: 'nl' },
    { id: 'nl.idee', pattern: 'idee voor|het zou (handig|fijn|mooi|leuk) zijn|suggestie|roadmap', regex: true, weight: -1, lang: 'nl' },
    { id: 'nl.afspraak', pattern: 'afspraak (te )?(plannen|maken|inplannen)|kennismak\\p{L}*', regex: true, weight: -1.5, lang: 'nl' },
    { id: 'nl.adres', pattern: 'nieuw (adres|pand|e-?mailadres|telefoonnummer)|adreswijziging|verhuiz\\p{L}*', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.spam', pattern: 'gratis|t\\.?w\\.?v|gefeliciteerd|gewonnen|klik (dan |op )?(hier|de (onderstaande )?link)', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.phishing', pattern: '(uw|je) mailbox|opslaglimiet|verifieer (uw|je)|account (wordt )?(geblokkeerd|opgeschort)', regex: true, weight: -2, lang: 'nl' },
    { id: 'nl.automatisch', pattern: 'automatisch (gegenereerd |verzonden )?bericht|niet beantwoorden', regex: true, weight: -2, lang: 'nl' },
    { id: 'en.quote', pattern: 'quote|quotation|price list|pricing|request for proposal|rfp', regex: true, weight: -2, lang: 'en' },
    { id: 'en.invoice', pattern: 'invoice*', weight: -1, lang: 'en' },
    { id: 'en.payment-terms', pattern: 'amount due|due date|payment terms|payable|bank transfer|remittance|payment received|received your payment', regex: true, weight: -2, lang: 'en' },
    { id: 'en.newsletter', pattern: 'newsletter*', weight: -3, lang: 'en' },
    { id: 'en.unsubscribe', pattern: "unsubscribe|manage (your )?(e-?mail )?preferences|opt[\\s-]?out|remove you from (my|our|the) (mailing )?list", regex: true, weight: -3, lang: 'en' },
    { id: 'en.browser', pattern: '(view|read|open) (this|it) (e-?mail |message )?(online|in (your|a|the) (web )?browser)', regex: true, weight: -2, lang: 'en' },
    { id: 'en.job', pattern: 'job application|application for the|apply for|applying for|vacanc(y|ies)|hiring manager|cover letter', regex: true, weight: -2.5, lang: 'en' },
    { id: 'en.internship', pattern: 'internship*|work placement|graduate programme', regex: true, weight: -2, lang: 'en' },
    { id: 'en.event', pattern: 'save your seat|register now|places are limited|rsvp|join (us|our)', regex: true, weight: -2, lang: 'en' },
    { id: 'en.partner', pattern: 'partnership|partner program(me)?|reseller\\p{L}*|affiliate|white[\\s-]?label', regex: true, weight: -2, lang: 'en' },
    { id: 'en.thanks', pattern: 'thank you|thanks|many thanks|much appreciated', regex: true, weight: -1, lang: 'en' },
    { id: 'en.praise', pattern: 'great (job|work|service|support|onboarding)|excellent (service|support)|without a hitch|(running|went) smoothly|(very|really|so) (pleased|happy|satisfied)', regex: true, weight: -2, lang: 'en' },
    { id: 'en.question', pattern: "quick question|just wondering|i was wondering|is it possible|how do i|how can i|could you tell me|where (do|can) i", regex: true, weight: -1, lang: 'en' },
    { id: 'en.feature-request', pattern: 'feature request|suggestion|it would be (great|nice|useful|handy)|would be nice', regex: true, weight: -1, lang: 'en' },
    { id: 'en.meeting', pattern: '(set up|schedule|book|arrange) a (call|meeting|demo)|available for a (call|chat|meeting)', regex: true, weight: -1, lang: 'en' },
    { id: 'en.pre-sales', pattern: 'free trial|trial period|before (we|i) (commit|buy|purchase|decide)|(we are|we\'re) (considering|evaluating)', regex: true, weight: -1.5, lang: 'en' },
    { id: 'en.paperwork', pattern: 'data processing agreement|dpa|security questionnaire|iso 27001|certificate of insurance', regex: true, weight: -1.5, lang: 'en' },
    { id: 'en.disclosure', pattern: 'responsible disclosure|vulnerability|bug bounty|cve', regex: true, weight: -2, lang: 'en' },
    { id: 'en.case-study', pattern: 'case study|testimonial|act as a reference|reference (request|call|customer)', regex: true, weight: -1.5, lang: 'en' },
    { id: 'en.survey', pattern: 'survey|rate (your|us|our)|how did we do|your feedback helps', regex: true, weight: -2, lang: 'en' },
    { id: 'en.spam', pattern: 'congratulations|you have (been selected|won)|winner|prize|lottery|claim your|act now|limited time|risk[\\s-]free|click here|click (the|below)', regex: true, weight: -2.5, lang: 'en' },
    { id: 'en.phishing', pattern: 'verify your (account|identity)|your mailbox|storage limit|account (will be )?(suspended|locked)', regex: true, weight: -2, lang: 'en' },
    { id: 'en.automated', pattern: 'do not reply|no-?reply|automated message', regex: true, weight: -2, lang: 'en' },
  ],
};

/** Parsed once at import: a broken default is a programming error and fails loudly here. */
export const defaultClassifierRules: ClassifierRules = classifierRulesSchema.parse(DEFAULT_RULES_INPUT);
