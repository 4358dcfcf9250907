package com.topsteel.provisioning.gateway.societe;

/** @param code a new code for the recovered société, when its old one has been taken since; its own otherwise */
record RecoverRequest(@ValidSocieteCode String code) {
}
