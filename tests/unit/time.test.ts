import { describe, expect, it } from 'vitest';
import { isValidTimeZone, startOfDay } from '../../shared/time';

const utc = (iso: string) => {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`bad test date ${iso}`);
  return ms;
};
const HOUR = 3_600_000;

describe('startOfDay in UTC', () => {
  it('is midnight UTC of the same date', () => {
    expect(startOfDay(utc('2026-11-27T10:15:30.123Z'), 'UTC')).toBe(utc('2026-11-27T00:00:00Z'));
  });

  it('midnight itself starts its own day', () => {
    expect(startOfDay(utc('2026-11-27T00:00:00Z'), 'UTC')).toBe(utc('2026-11-27T00:00:00Z'));
  });

  it('the last millisecond of a day still belongs to that day', () => {
    expect(startOfDay(utc('2026-11-27T23:59:59.999Z'), 'UTC')).toBe(utc('2026-11-27T00:00:00Z'));
  });

  it('handles the turn of the year', () => {
    expect(startOfDay(utc('2027-01-01T00:00:01Z'), 'UTC')).toBe(utc('2027-01-01T00:00:00Z'));
    expect(startOfDay(utc('2026-12-31T23:59:59Z'), 'UTC')).toBe(utc('2026-12-31T00:00:00Z'));
  });
});

describe('startOfDay in Europe/Berlin', () => {
  it('in winter, midnight is 23:00 UTC the day before', () => {
    expect(startOfDay(utc('2026-11-27T10:00:00Z'), 'Europe/Berlin')).toBe(utc('2026-11-26T23:00:00Z'));
  });

  it('in summer, midnight is 22:00 UTC the day before', () => {
    expect(startOfDay(utc('2026-07-15T10:00:00Z'), 'Europe/Berlin')).toBe(utc('2026-07-14T22:00:00Z'));
  });

  it('late UTC evening already belongs to the next Berlin day', () => {
    // 23:30 UTC on 26 Nov is 00:30 on 27 Nov in Berlin
    expect(startOfDay(utc('2026-11-26T23:30:00Z'), 'Europe/Berlin')).toBe(utc('2026-11-26T23:00:00Z'));
    // 22:59 UTC is still 23:59 on 26 Nov in Berlin
    expect(startOfDay(utc('2026-11-26T22:59:00Z'), 'Europe/Berlin')).toBe(utc('2026-11-25T23:00:00Z'));
  });

  describe('on 2026-03-29 (clocks go forward 02:00 → 03:00, a 23-hour day)', () => {
    const midnight = utc('2026-03-28T23:00:00Z'); // 00:00 CET (+01:00)

    it('the day starts at 00:00 CET (+01:00)', () => {
      expect(startOfDay(utc('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe(midnight); // 01:30 CET, before the change
    });

    it('after the change the day still starts at 00:00 CET, not 00:00 CEST', () => {
      expect(startOfDay(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(midnight); // 03:00 CEST
      expect(startOfDay(utc('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toBe(midnight); // 14:00 CEST
    });

    it('the last minute of the day belongs to it and the next day starts 23 hours after midnight', () => {
      expect(startOfDay(utc('2026-03-29T21:59:59.999Z'), 'Europe/Berlin')).toBe(midnight); // 23:59:59.999 CEST
      expect(startOfDay(utc('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe(midnight + 23 * HOUR); // 00:00 CEST, 30 Mar
    });
  });

  describe('on 2026-10-25 (clocks go back 03:00 → 02:00, a 25-hour day)', () => {
    const midnight = utc('2026-10-24T22:00:00Z'); // 00:00 CEST (+02:00)

    it('the day starts at 00:00 CEST (+02:00)', () => {
      expect(startOfDay(utc('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe(midnight);
    });

    it('both passes through 02:30 belong to the same day', () => {
      expect(startOfDay(utc('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe(midnight); // 02:30 CEST
      expect(startOfDay(utc('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe(midnight); // 02:30 CET
    });

    it('the evening after the change still starts at 00:00 CEST', () => {
      expect(startOfDay(utc('2026-10-25T20:00:00Z'), 'Europe/Berlin')).toBe(midnight); // 21:00 CET
    });

    it('the last minute of the day belongs to it and the next day starts 25 hours after midnight', () => {
      expect(startOfDay(utc('2026-10-25T22:59:59.999Z'), 'Europe/Berlin')).toBe(midnight); // 23:59:59.999 CET
      expect(startOfDay(utc('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toBe(midnight + 25 * HOUR); // 00:00 CET, 26 Oct
    });
  });
});

describe('startOfDay in Asia/Kolkata (+05:30, no DST)', () => {
  it('midnight is 18:30 UTC the day before', () => {
    expect(startOfDay(utc('2026-11-27T03:00:00Z'), 'Asia/Kolkata')).toBe(utc('2026-11-26T18:30:00Z'));
  });

  it('the half hour matters: 18:29 UTC is the previous day, 18:30 UTC the next', () => {
    expect(startOfDay(utc('2026-11-26T18:29:59.999Z'), 'Asia/Kolkata')).toBe(utc('2026-11-25T18:30:00Z'));
    expect(startOfDay(utc('2026-11-26T18:30:00Z'), 'Asia/Kolkata')).toBe(utc('2026-11-26T18:30:00Z'));
  });

  it('is the same half-hour offset in summer', () => {
    expect(startOfDay(utc('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(utc('2026-06-30T18:30:00Z'));
  });
});

describe('startOfDay in America/New_York', () => {
  it('in winter, midnight is 05:00 UTC (EST)', () => {
    expect(startOfDay(utc('2026-11-27T15:00:00Z'), 'America/New_York')).toBe(utc('2026-11-27T05:00:00Z'));
  });

  it('in summer, midnight is 04:00 UTC (EDT)', () => {
    expect(startOfDay(utc('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(utc('2026-07-01T04:00:00Z'));
  });

  it('early UTC morning is still the previous day in New York', () => {
    // 03:00 UTC on 27 Nov is 22:00 on 26 Nov in New York
    expect(startOfDay(utc('2026-11-27T03:00:00Z'), 'America/New_York')).toBe(utc('2026-11-26T05:00:00Z'));
  });

  it('on the spring-forward day (2026-03-08) the day starts at 00:00 EST', () => {
    expect(startOfDay(utc('2026-03-08T20:00:00Z'), 'America/New_York')).toBe(utc('2026-03-08T05:00:00Z'));
  });

  it('on the fall-back day (2026-11-01) the day starts at 00:00 EDT', () => {
    expect(startOfDay(utc('2026-11-01T20:00:00Z'), 'America/New_York')).toBe(utc('2026-11-01T04:00:00Z'));
  });
});

describe('startOfDay in other offsets', () => {
  it('Asia/Kathmandu (+05:45): midnight is 18:15 UTC the day before', () => {
    expect(startOfDay(utc('2026-11-27T03:00:00Z'), 'Asia/Kathmandu')).toBe(utc('2026-11-26T18:15:00Z'));
  });

  it('Pacific/Kiritimati (+14:00): midnight is 10:00 UTC the day before', () => {
    expect(startOfDay(utc('2026-11-27T09:59:00Z'), 'Pacific/Kiritimati')).toBe(utc('2026-11-26T10:00:00Z'));
  });

  it('is local 00:00:00 of the same local date as now, never after now (checked against Intl over a year)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    const fmt = new Map(zones.map((tz) => [tz, new Intl.DateTimeFormat('en-CA', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    })]));
    const local = (t: number, tz: string) => {
      const parts = Object.fromEntries(fmt.get(tz)!.formatToParts(t).map((p) => [p.type, p.value]));
      return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
    };
    for (let t = utc('2026-01-01T00:00:00Z'); t < utc('2027-01-01T00:00:00Z'); t += 7 * HOUR + 13 * 60_000 + 17_001) {
      for (const tz of zones) {
        const s = startOfDay(t, tz);
        expect(s).toBeLessThanOrEqual(t);
        expect(t - s).toBeLessThan(25 * HOUR);
        expect(local(s, tz)).toEqual({ date: local(t, tz).date, time: '00:00:00' });
      }
    }
  });
});

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Atlantis', 'not a zone', 'Berlin'])('rejects "%s"', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});
