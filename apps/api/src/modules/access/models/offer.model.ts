import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { Verdict } from '@eastlake/classifier';
import { VerdictEnum } from '../../../common/graphql/verdict.enum.js';
import { DeliveryModeEnum, type DeliveryMode } from '../../datasets/models/dataset.model.js';

@ObjectType('PurposeOffer')
export class PurposeOfferModel {
  @Field()
  purpose: string;

  @Field(() => VerdictEnum, {
    description:
      'The verdict for this purpose with the latest consent manifest: TRADEABLE when the listing is tradeable and consent covers every row that needs it, UNTRADEABLE when it falls short, else the classifier’s verdict with that consent.',
  })
  verdict: Verdict;

  @Field(() => Float, { description: 'Rows needing consent that a valid record covers for this purpose.' })
  coveredRows: number;

  @Field(() => Float, { description: 'Rows that need consent (they hold a direct identifier or sensitive information).' })
  neededRows: number;
}

@ObjectType('Offer', { description: 'The listing’s effective terms, by the rules the access policy applies to a request.' })
export class OfferModel {
  @Field(() => [PurposeOfferModel], { description: 'Per purpose the latest consent manifest names (empty without one).' })
  purposes: PurposeOfferModel[];

  @Field({ description: 'Tradeable for any stated purpose: no row needs consent and the listing is tradeable.' })
  anyPurpose: boolean;

  @Field({ description: 'Where the buyer may process the data: CN means anywhere in the PRC mainland (CN, CN-HB, …).' })
  region: string;

  @Field({ description: 'Processing outside `region` is allowed too: the data holds no personal information.' })
  crossBorder: boolean;

  @Field(() => [DeliveryModeEnum])
  deliveryModes: DeliveryMode[];
}
