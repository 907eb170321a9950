/** Password length rules, for registration and for accounts an admin creates. */
export const PASSWORD_RULES = { min: 10, max: 1024 };
