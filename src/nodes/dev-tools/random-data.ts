import type * as Minifaker from 'minifaker';
import { lazyLibrary } from '../lazy-library';
import type { JsonObject } from '../../workflow/json';

/**
 * Debug Helper's fake records, drawn with minifaker as n8n does, so a seed gives n8n's
 * values (except ids: minifaker's uuid and nanoid come from crypto and ignore the seed).
 */

const faker = lazyLibrary(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('minifaker/locales/en');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('minifaker') as typeof Minifaker;
});

const twoDigits = (value: number): string => value.toString().padStart(2, '0');

const generators: Record<string, () => JsonObject> = {
  user: () => ({
    uid: faker().uuid.v4(),
    email: faker().email(),
    firstname: faker().firstName(),
    lastname: faker().lastName(),
    password: faker().password(),
  }),
  email: () => ({ email: faker().email(), confirmed: faker().boolean() }),
  address: () => ({
    firstname: faker().firstName(),
    lastname: faker().lastName(),
    street: faker().streetAddress(),
    city: faker().cityName(),
    zip: faker().zipCode({ format: '#####' }),
    state: faker().state(),
    country: faker().country(),
  }),
  creditCard: () => ({
    type: faker().boolean() ? 'MasterCard' : 'Visa',
    number: faker().creditCardNumber(),
    ccv: faker().creditCardCVV(),
    exp: `${twoDigits(faker().number({ min: 1, max: 12, float: false }))}/${twoDigits(faker().number({ min: 1, max: 40, float: false }))}`,
    holder_name: `${faker().firstName()} ${faker().lastName()}`,
  }),
  uuid: () => ({ uuid: faker().uuid.v4() }),
  macAddress: () => ({ mac: faker().macAddress() }),
  ipv4: () => ({ ip: faker().ip() }),
  ipv6: () => ({ ipv6: faker().ipv6() }),
  latLong: () => ({ location: faker().latLong() }),
  semver: () => ({ version: faker().semver() }),
  url: () => ({ url: faker().domainUrl() }),
};

export interface RandomDataRequest {
  type: string;
  count: number;
  seed: string;
  nanoidAlphabet: string;
  nanoidLength: string;
}

/** `count` records of `type` (an unknown type gives users, as in n8n). */
export function randomRecords(request: RandomDataRequest): JsonObject[] {
  if (request.seed !== '') faker().setSeed(request.seed);
  const generate =
    request.type === 'nanoid'
      ? () => ({ nanoId: faker().nanoId.customAlphabet(request.nanoidAlphabet, parseInt(request.nanoidLength, 10))().toString() })
      : (generators[request.type] ?? generators.user);
  return faker().array(request.count, generate) as JsonObject[];
}
