import { Module } from '@nestjs/common';
import { DomainEvents } from './domain-events.service.js';

/** Imported by every module that emits or subscribes to domain events (one dispatcher per app). */
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class EventsModule {}
