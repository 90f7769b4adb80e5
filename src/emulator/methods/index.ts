import { addApplication, delApplication, getApplications } from "./applications";
import {
  bindSipRegistration,
  createSipRegistration,
  deleteSipRegistration,
  getSipRegistrations,
  updateSipRegistration,
} from "./registrations";
import { addRule, delRule, getRules } from "./rules";
import type { ApiMethod } from "./types";
import { addUser, delUser, getUsers } from "./users";

/** Every Management API method the emulator implements, by its exact (case-sensitive) name. */
export const METHODS: ReadonlyMap<string, ApiMethod> = new Map(
  [
    createSipRegistration,
    updateSipRegistration,
    bindSipRegistration,
    deleteSipRegistration,
    getSipRegistrations,
    addApplication,
    delApplication,
    getApplications,
    addRule,
    delRule,
    getRules,
    addUser,
    delUser,
    getUsers,
  ].map((m) => [m.name, m]),
);
