import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeliveryModes } from '../access/delivery-modes.js';
import { deliveryModesLoader, deliveryModesWithManager } from './delivery-modes.js';

/** Hands access the delivery modes of a version, from the query offers this module owns. */
@Injectable()
export class RegisterDeliveryModes implements OnModuleInit {
  constructor(private readonly modes: DeliveryModes) {}

  onModuleInit(): void {
    this.modes.register({ withManager: deliveryModesWithManager, loader: deliveryModesLoader });
  }
}
