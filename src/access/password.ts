/**
 * Passwords: argon2id hashes (the default algorithm of @node-rs/argon2, with the OWASP minimum
 * parameters: 19 MiB, 2 passes, 1 lane), a length rule, and generated passwords for accounts
 * whose administrator did not choose one.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../kernel/errors.ts';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Throws a ValidationError when the password is too short or too long. */
export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters.`, [
      { field: 'password', message: `at most ${MAX_PASSWORD_LENGTH} characters` },
    ]);
  }
}

/** An argon2id hash in PHC form (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a real check when there is no account to check against, so that an unknown
 * email and a wrong password take about as long.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
  return false;
}

/** A random password of 24 characters (about 143 bits) for an administrator to hand over once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
