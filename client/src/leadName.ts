/** The name a lead signs acks and silences with, kept in this browser so it is typed once. */

export const LEAD_NAME_STORAGE_KEY = 'peakwatch.leadName';

export function loadLeadName(): string {
  try {
    return window.localStorage.getItem(LEAD_NAME_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveLeadName(name: string): void {
  try {
    if (name.trim()) window.localStorage.setItem(LEAD_NAME_STORAGE_KEY, name.trim());
  } catch {
    // Typed again next time; nothing else depends on it.
  }
}
