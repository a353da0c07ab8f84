/** The shortlist's tiers and needs (content/shortlist.json), checked with their schema: a bad entry fails the build naming its field. */
import data from '../../../content/shortlist.json';
import { parseWithFriendlyErrors } from '../content/friendly-errors';
import { shortlistSchema, type Shortlist } from './shortlist';

export const SHORTLIST: Shortlist = parseWithFriendlyErrors(shortlistSchema, data, 'content/shortlist.json');
