import { ACTIVE_STATES, type StepScope, type StepHandler } from '../context.js';

/**
 * Personal contact (PreAct step 3: "uw contactpersoon neemt voor een toelichting altijd contact
 * met u op"). The first contact is a fact on the complaint: a call or visit someone recorded
 * (#called), or a message the company sent through the desk (#reply). Later contacts are only
 * history. Recording contact is possible in every procedure; whether it is promised (and
 * reminded) is `treatment.personalContact`.
 */
export function recordContact(ctx: StepScope): void {
  // `??`: a state stored before this field existed has it undefined.
  ctx.s.contactMadeAt ??= ctx.now.toISOString();
}

export const contactMade: StepHandler<'contact-made'> = {
  event: 'contact-made',
  command: 'called',
  // The explanation belongs to the treatment; after the outcome the hearing is the conversation.
  states: ACTIVE_STATES,
  // The history event (procedure:contact-made, with its note and who recorded it) is the record.
  apply(ctx) {
    recordContact(ctx);
    return undefined;
  },
};
