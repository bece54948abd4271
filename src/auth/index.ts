export { authenticate } from './authenticate';
export { changeOwnPassword } from './change-own-password';
export { createUser, type NewUser } from './create-user';
export { disableUser, enableUser } from './disable-user';
export { ensureFirstAdmin } from './first-admin';
export { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, newPassword, verifyPassword } from './password';
export { resetPassword } from './reset-password';
export { createSession, deleteSession, getSessionUser, SESSION_IDLE_MS } from './sessions';
export { setUserUnits } from './set-user-units';
export {
  getUserByUsername,
  inUnitScope,
  listUsers,
  unitScopeOf,
  USER_ROLES,
  type SessionUser,
  type UnitScope,
  type UserListing,
  type UserRole,
} from './users';
