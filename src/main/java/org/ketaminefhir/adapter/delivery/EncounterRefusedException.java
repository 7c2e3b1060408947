package org.ketaminefhir.adapter.delivery;

/**
 * The visit a record names is one the EHR holds for another patient: filing the session there would put it
 * in someone else's chart, and waiting does not change whose visit it is. The record fails at once with
 * this message (EHR ids only, never patient data), for the clinic to correct and send again.
 */
class EncounterRefusedException extends RuntimeException {

    public EncounterRefusedException(String why) {
        super(why);
    }
}
