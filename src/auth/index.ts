export { authenticate } from './authenticate';
export { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';
export { createSession, deleteSession, getSessionUser, SESSION_IDLE_MS } from './sessions';
export {
  changePassword,
  createUser,
  disableUser,
  enableUser,
  ensureFirstAdmin,
  getUserByUsername,
  inUnitScope,
  listUsers,
  resetPassword,
  setUserUnits,
  unitScopeOf,
  type NewUser,
  type SessionUser,
  type UnitScope,
  type UserListing,
} from './users';
