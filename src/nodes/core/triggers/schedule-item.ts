import { DateTime } from 'luxon';
import type { JsonObject } from '../../../workflow/json';

/** The item n8n's Schedule Trigger emits: the firing time, spelled out in the workflow's zone. */

function ordinal(day: number): string {
  const lastTwo = day % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${day}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
  return `${day}${suffix}`;
}

/** `at` shown in `timezone` (UTC when the zone is unknown). */
export function scheduleItem(at: Date, timezone: string): JsonObject {
  let time = DateTime.fromJSDate(at, { zone: timezone }).setLocale('en-US');
  let zone = timezone;
  if (!time.isValid) {
    time = DateTime.fromJSDate(at, { zone: 'UTC' }).setLocale('en-US');
    zone = 'UTC';
  }
  const meridiem = time.hour < 12 ? 'am' : 'pm';
  const clock = `${time.toFormat('h:mm:ss')} ${meridiem}`;
  return {
    timestamp: time.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
    'Readable date': `${time.toFormat('MMMM')} ${ordinal(time.day)} ${time.toFormat('yyyy')}, ${clock}`,
    'Readable time': clock,
    'Day of week': time.toFormat('cccc'),
    Year: time.toFormat('yyyy'),
    Month: time.toFormat('MMMM'),
    'Day of month': time.toFormat('dd'),
    Hour: time.toFormat('HH'),
    Minute: time.toFormat('mm'),
    Second: time.toFormat('ss'),
    Timezone: `${zone} (UTC${time.toFormat('ZZ')})`,
  };
}
