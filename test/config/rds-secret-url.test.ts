import { describe, expect, it } from 'vitest';
import { moodleUrlFromRdsSecret } from '#adapters/moodle/rds-secret-url.js';
import { ValidationError } from '#domain/errors.js';

const secret = (fields: Record<string, unknown>) =>
  JSON.stringify({
    engine: 'postgres',
    host: 'moodle.abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    username: 'reader',
    password: 'p@ss:w/rd',
    dbname: 'moodle',
    ...fields,
  });

describe('moodleUrlFromRdsSecret', () => {
  it.each([
    ['postgres', 'postgres://reader:p%40ss%3Aw%2Frd@moodle.abc.eu-west-1.rds.amazonaws.com:5432/moodle'],
    ['aurora-postgresql', 'postgres://reader:p%40ss%3Aw%2Frd@moodle.abc.eu-west-1.rds.amazonaws.com:5432/moodle'],
    ['mariadb', 'mysql://reader:p%40ss%3Aw%2Frd@moodle.abc.eu-west-1.rds.amazonaws.com:5432/moodle'],
    ['mysql', 'mysql://reader:p%40ss%3Aw%2Frd@moodle.abc.eu-west-1.rds.amazonaws.com:5432/moodle'],
  ])('turns an RDS secret for %s into the bridge URL, escaping the password', (engine, url) => {
    // Act
    const result = moodleUrlFromRdsSecret(secret({ engine }));

    // Assert
    expect(result).toBe(url);
  });

  it.each([
    ['not JSON', 'host=db', 'Moodle database secret'],
    ['an unknown engine', secret({ engine: 'oracle' }), 'Moodle database secret field engine'],
    ['no host', secret({ host: undefined }), 'Moodle database secret field host'],
    ['no database name', secret({ dbname: '' }), 'Moodle database secret field dbname'],
  ])('refuses %s, naming the field and never the password', (_case, text, field) => {
    // Act
    const error = (() => {
      try {
        return moodleUrlFromRdsSecret(text);
      } catch (caught) {
        return caught;
      }
    })();

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as Error).message).not.toContain('p@ss');
  });
});
