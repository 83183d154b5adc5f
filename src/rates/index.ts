/** Rates (satser): dated amounts with their legal reference and source. */
export {
  exampleRateMarker,
  rateSourceKinds,
  rateUnits,
  type Rate,
  type RateLookup,
  type RateSourceKind,
  type RateUnit,
} from './domain/rate.ts';
