import { addApplication, delApplication, getApplications, setApplicationInfo } from "./applications";
import {
  bindSipRegistration,
  createSipRegistration,
  deleteSipRegistration,
  getSipRegistrations,
  updateSipRegistration,
} from "./registrations";
import { addRule, delRule, getRules, reorderRules, setRuleInfo } from "./rules";
import { addScenario, bindScenario, delScenario, getScenarios, reorderScenarios, setScenarioInfo } from "./scenarios";
import type { ApiMethod } from "./types";
import { addUser, delUser, getUsers, setUserInfo } from "./users";

export type { ApiMethod, MethodContext } from "./types";

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
    setApplicationInfo,
    addScenario,
    getScenarios,
    setScenarioInfo,
    delScenario,
    bindScenario,
    reorderScenarios,
    addRule,
    delRule,
    getRules,
    setRuleInfo,
    reorderRules,
    addUser,
    delUser,
    getUsers,
    setUserInfo,
  ].map((m) => [m.name, m]),
);
