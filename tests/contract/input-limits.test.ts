import { appSchema, stringInputs } from '@custodian/api';

/**
 * Every String argument and input field has a maximum length (class-validator MaxLength or Length,
 * set to its column's length): a value too long for the database is BAD_USER_INPUT naming the field
 * before any SQL runs. A new input without one fails here.
 */
describe('string inputs', () => {
  it('every String argument and input field has a maximum length', async () => {
    const inputs = stringInputs(await appSchema());
    expect(inputs.length).toBeGreaterThan(100);
    expect(inputs.filter((i) => i.max === null).map((i) => i.coordinate)).toEqual([]);
  });

  it('the limits fit the columns they are written to', async () => {
    const max = new Map(stringInputs(await appSchema()).map((i) => [i.coordinate, i.max]));
    expect(max.get('CreateContactInput.homePhone')).toBe(32);
    expect(max.get('Mutation.approveAccessRequest(comment)')).toBe(2000);
    expect(max.get('CreateCustomerInput.bankAccount')).toBe(64);
    expect(max.get('CustomerWhere.industryIn')).toBe(64);
  });
});
