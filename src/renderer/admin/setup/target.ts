import type { SetupField } from '../../../shared/setup';

/**
 * Where the checklist sends the admin: a store field on the Settings tab (`registerId`
 * null) or a register's field on the Registers tab, whose edit form then opens on it.
 * A new object per click, so asking twice for the same field focuses it again.
 */
export interface SetupTarget {
  field: SetupField;
  registerId: string | null;
}

/** The id of the input a store field is typed into (Settings), for focusing it from the checklist. */
export const settingsInputId = (field: SetupField): string => `settings-${field}`;
