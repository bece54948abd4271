import type { Catalogue } from '../catalogue';

export const forms: Catalogue['forms'] = {
  closed:
    'The campaign is closed: its questionnaire can no longer be edited (scores use the current version).',
  unknownFormType: 'Form type "{formType}" does not exist.',
  where: {
    section: 'Part {n}',
    question: 'question {n}',
    questionWithId: 'question {n} ({id})',
    option: 'option {n}',
  },
  errors: {
    json: 'The text is not valid JSON (usually a missing or extra comma, bracket or double quote).',
    jsonAt:
      'The text is not valid JSON: error at line {line}, column {column} (usually a missing or extra comma, bracket or double quote).',
    missing: 'required field missing',
    invalid: 'invalid value',
    empty: 'must not be empty',
    tooFew: 'needs at least {min} items',
    min: 'must not be less than {min}',
    positive: 'must be greater than {min}',
    max: 'must not be greater than {max}',
    oneOf: 'must be one of: {values}',
    unknownFields: 'unsupported field (misspelt?): {fields}',
    badId: 'ids use only unaccented letters, digits and underscores',
    needOptions: 'A single- or multiple-choice question needs at least 2 options.',
    scoredSingle:
      'A scored question must be single choice (kind "single") with a fraction from 0 to 1 on every option; multiple-choice and free-text questions keep points at 0.',
    duplicateId: 'Duplicate question id: {id}',
    type: {
      string: 'must be text in double quotes',
      number: 'must be a number',
      int: 'must be a whole number',
      boolean: 'must be true or false',
      array: 'must be a list [ … ]',
      object: 'must be an object { … }',
    },
  },
};
