import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ZReadingResponse, type ZReading, type ZReadingRequest } from '../../../shared/readings';
import { Shift } from '../../../shared/shifts';
import { get, post, qs } from '../../lib/api';
import { ApiError, friendlyError } from '../../lib/errors';
import { fmtDate } from '../../lib/format';
import { keys } from '../../lib/query';

const ShiftList = z.object({ items: z.array(Shift) });

/** Why a Z-reading was refused, in plain words (`registerCode`: the one asked for, if one was). */
export function zRefusal(e: unknown, date: string, registerCode?: string): string {
  if (e instanceof ApiError && e.code === 'conflict') {
    const details = (e.details ?? {}) as { businessDate?: string };
    if (details.businessDate === date) {
      return registerCode
        ? `${registerCode} already has its Z-reading for ${fmtDate(date)}. Each register has exactly one per business day; it is under Readings taken.`
        : `A Z-reading was already taken for ${fmtDate(date)}. Each register has exactly one per business day; it is under Readings taken.`;
    }
    return e.message; // a later day already has its Z, or an earlier day with sales still needs one
  }
  if (e instanceof ApiError && e.code === 'validation_failed') return e.message;
  return friendlyError(e);
}

/**
 * Takes the Z-reading of a business date, for one register or (no `registerId`) every
 * register that traded; `onTaken` gets every Z the call took. The readings and the day
 * report (both under `keys.readings`) refresh after it.
 */
export function useTakeZ(onTaken: (zs: ZReading[]) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ZReadingRequest) => post('/api/v1/readings/z', body, ZReadingResponse),
    onSuccess: ({ readings, ...first }) => {
      onTaken(readings && readings.length > 0 ? readings : [first]);
      void qc.invalidateQueries({ queryKey: keys.readings });
    },
  });
}

/**
 * Shifts still open, asked for when the confirmation opens (`enabled`): a shift open at
 * Z time keeps selling into the next day, so the admin is told before taking it.
 */
export function useOpenShifts(enabled: boolean) {
  const q = useQuery({
    queryKey: [...keys.shifts, 'open'],
    queryFn: () => get(`/api/v1/shifts${qs({ status: 'open', limit: 200 })}`, ShiftList),
    enabled,
    staleTime: 0,
  });
  return q.data?.items ?? [];
}
